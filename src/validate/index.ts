/** Offline validation rules over the user's files: pure functions from parsed JSON to findings. */
export { validateDashboard, stripDashboardServerFields, DASHBOARD_SERVER_FIELDS, UNMODELLED_WIDGET_TYPES } from './dashboard';
