import { progressWanted } from '../../../src/main/progress';

describe('when a command shows progress', () => {
  const tty = { isTTY: true, env: { TERM: 'xterm-256color' } };
  it('only when stderr is a terminal', () => {
    expect(progressWanted(tty)).toBe(true);
    expect(progressWanted({ ...tty, isTTY: false })).toBe(false);
    expect(progressWanted({ ...tty, isTTY: undefined })).toBe(false);
  });
  it('never on CI, for --json, or on a dumb terminal', () => {
    expect(progressWanted({ ...tty, env: { CI: 'true' } })).toBe(false);
    expect(progressWanted({ ...tty, env: { CI: '1' } })).toBe(false);
    expect(progressWanted({ ...tty, env: { CI: 'false' } })).toBe(true);
    expect(progressWanted({ ...tty, env: { CI: '' } })).toBe(true);
    expect(progressWanted({ ...tty, json: true })).toBe(false);
    expect(progressWanted({ ...tty, env: { TERM: 'dumb' } })).toBe(false);
  });
});
