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
  it('parses booleans and lists', () => {
    const c = loadConfig({ IMAP_SECURE: 'false', TRUSTED_AUTHSERV_IDS: 'mx1.microbizz.dk, mx2.microbizz.dk' }, { envFile: false });
    expect(c.IMAP_SECURE).toBe(false);
    expect(c.TRUSTED_AUTHSERV_IDS).toEqual(['mx1.microbizz.dk', 'mx2.microbizz.dk']);
  });
});
