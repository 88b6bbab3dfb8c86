import { ConfigError, loadConfig, messageIdDomain } from '../../../src/config/load';

describe('config', () => {
  it('defaults work with an empty environment', () => {
    const c = loadConfig({}, { envFile: false });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.QUEUE_PREFIX).toBe('servicedesk');
    expect(c.IMAP_TLS_VERIFY).toBe(true);
    expect(messageIdDomain(c)).toBe('microbizz.dk');
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('one error names every bad key', () => {
    try {
      loadConfig({ IMAP_HOST: 'imap.example.dk', IMAP_PORT: 'x', SMTP_SECURE: 'maybe', DATABASE_URL: 'not a url' }, { envFile: false });
      throw new Error('expected ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const key of ['IMAP_PORT', 'SMTP_SECURE', 'DATABASE_URL', 'IMAP_USER', 'IMAP_PASSWORD']) expect(msg).toContain(key);
    }
  });
  it('COURSE_TEAM_ADDRESS: unset by default, one address, a bad one refused by name', () => {
    expect(loadConfig({}, { envFile: false }).COURSE_TEAM_ADDRESS).toBeUndefined();
    expect(loadConfig({ COURSE_TEAM_ADDRESS: ' Kursus@Microbizz.dk ' }, { envFile: false }).COURSE_TEAM_ADDRESS).toBe('kursus@microbizz.dk');
    expect(() => loadConfig({ COURSE_TEAM_ADDRESS: 'kursus' }, { envFile: false })).toThrow(/COURSE_TEAM_ADDRESS/);
    expect(() => loadConfig({ COURSE_TEAM_ADDRESS: 'a@x.dk, b@x.dk' }, { envFile: false })).toThrow(/COURSE_TEAM_ADDRESS/);
  });
  it('parses booleans and lists', () => {
    const c = loadConfig({ IMAP_SECURE: 'false', TRUSTED_AUTHSERV_IDS: 'mx1.microbizz.dk, mx2.microbizz.dk' }, { envFile: false });
    expect(c.IMAP_SECURE).toBe(false);
    expect(c.TRUSTED_AUTHSERV_IDS).toEqual(['mx1.microbizz.dk', 'mx2.microbizz.dk']);
  });
  it('refuses TRUST_PROXY=true at start, in the same one message as the other bad keys, saying what to set instead', () => {
    try {
      loadConfig({ TRUST_PROXY: 'true', HTTP_PORT: 'x' }, { envFile: false });
      throw new Error('expected ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('HTTP_PORT');
      expect(msg).toMatch(/TRUST_PROXY: "true" would trust every hop, so any client could pick its own address with X-Forwarded-For/);
      expect(msg).toContain('set the number of proxies in front of the server (e.g. 1)');
    }
  });
  it('TRUST_PROXY: false by default, a hop count, or proxy addresses', () => {
    expect(loadConfig({}, { envFile: false }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }, { envFile: false }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }, { envFile: false }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});
