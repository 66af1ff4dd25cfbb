/**
 * "--flag=value" written as one argument: the hint says how to write it for this flag. A switch
 * (validate --json) takes no value, so the hint must not tell the user to give it one.
 */
import { unknownOption } from '../../src/cli/args';
import { SYNTH } from '../../src/cli/synth';
import { VALIDATE } from '../../src/cli/validate';

test('a flag that takes a value, written with "=": write the flag and its value as two arguments', () => {
  expect(unknownOption('--org=acme', SYNTH)).toMatch(
    /^unknown option "--org=acme" \(write --org and its value as two arguments: --org "acme"\); expected one of: --org,/,
  );
});

test('a switch written with "=": it takes no value', () => {
  const message = unknownOption('--json=1', VALIDATE);
  expect(message).toMatch(/^unknown option "--json=1" \(--json is a switch and takes no value: write --json alone\); expected one of: --json, --help, -h/);
  expect(message).not.toContain('two arguments');
});

test('a misspelled --help gets "did you mean" too', () => {
  expect(unknownOption('--hlep', SYNTH)).toMatch(/^unknown option "--hlep" \(did you mean "--help"\?\); expected one of:/);
  expect(unknownOption('--HELP', VALIDATE)).toMatch(/^unknown option "--HELP" \(did you mean "--help"\?\)/);
});
