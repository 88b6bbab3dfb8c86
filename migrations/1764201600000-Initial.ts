import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: registry, durable inbound mail, tickets, thread, outbox, mailbox cursor. */
export class Initial1764201600000 implements MigrationInterface {
  name = 'Initial1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE companies (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        domains text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_companies_domains ON companies USING gin (domains)`);
    await q.query(`
      CREATE TABLE agreements (
        id serial PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('hypercare','udvidet','basis','timefakturering')),
        valid_from date,
        valid_to date,
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX ix_agreements_company ON agreements (company_id, valid_from)`);
    await q.query(`
      CREATE TABLE support_contacts (
        id serial PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
        name text NOT NULL,
        purchased boolean NOT NULL DEFAULT false,
        UNIQUE (company_id, name)
      )`);
    await q.query(`
      CREATE TABLE contact_addresses (
        id serial PRIMARY KEY,
        contact_id integer NOT NULL REFERENCES support_contacts(id) ON DELETE CASCADE,
        address text NOT NULL UNIQUE CHECK (address = lower(address))
      )`);
    await q.query(`
      CREATE TABLE inbound_mails (
        id bigserial PRIMARY KEY,
        mailbox text NOT NULL,
        uidvalidity bigint,
        uid bigint,
        message_id text NOT NULL,
        message_id_synthetic boolean NOT NULL DEFAULT false,
        content_hash char(64) NOT NULL,
        raw bytea,
        raw_headers bytea,
        size integer NOT NULL,
        state text NOT NULL DEFAULT 'received' CHECK (state IN ('received','processed','ignored','quarantined')),
        last_error text,
        attempts integer NOT NULL DEFAULT 0,
        ticket_id integer,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT uq_inbound_identity UNIQUE (message_id, content_hash)
      )`);
    await q.query(`CREATE INDEX ix_inbound_state ON inbound_mails (state, id)`);
    await q.query(`
      CREATE TABLE mailbox_cursors (
        mailbox text PRIMARY KEY,
        uidvalidity bigint NOT NULL,
        last_uid bigint NOT NULL DEFAULT 0,
        last_sync_at timestamptz
      )`);
    await q.query(`CREATE SEQUENCE ticket_reference_seq`);
    await q.query(`
      CREATE TABLE tickets (
        id serial PRIMARY KEY,
        reference text NOT NULL UNIQUE,
        subject text NOT NULL,
        category text NOT NULL,
        confidence real NOT NULL,
        language text NOT NULL,
        topic text,
        explanation jsonb NOT NULL DEFAULT '[]',
        sender_status text NOT NULL,
        from_address text NOT NULL,
        company_id integer REFERENCES companies(id) ON DELETE SET NULL,
        contact_id integer REFERENCES support_contacts(id) ON DELETE SET NULL,
        agreement_kind text,
        queue text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        participants text[] NOT NULL DEFAULT '{}',
        linked_ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_tickets_queue ON tickets (queue, status, created_at)`);
    await q.query(`
      ALTER TABLE inbound_mails ADD CONSTRAINT fk_inbound_ticket
        FOREIGN KEY (ticket_id) REFERENCES tickets(id) ON DELETE SET NULL`);
    await q.query(`
      CREATE TABLE ticket_messages (
        id bigserial PRIMARY KEY,
        ticket_id integer NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        direction text NOT NULL CHECK (direction IN ('inbound','outbound','note')),
        inbound_mail_id bigint REFERENCES inbound_mails(id) ON DELETE SET NULL,
        outbox_id bigint,
        message_id text,
        from_address text,
        subject text NOT NULL DEFAULT '',
        new_text text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_ticket_messages_ticket ON ticket_messages (ticket_id, id)`);
    await q.query(`CREATE INDEX ix_ticket_messages_message_id ON ticket_messages (message_id)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
        inbound_mail_id bigint UNIQUE REFERENCES inbound_mails(id) ON DELETE SET NULL,
        kind text NOT NULL,
        to_address text NOT NULL,
        to_name text,
        cc text[] NOT NULL DEFAULT '{}',
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text,
        message_id text NOT NULL UNIQUE,
        in_reply_to text,
        "references" text[] NOT NULL DEFAULT '{}',
        state text NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending','sending','sent','failed','suppressed','bounced')),
        reason text,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_outbox_recipient ON outbox (to_address, created_at)`);
    await q.query(`
      CREATE TABLE classification_corrections (
        id serial PRIMARY KEY,
        ticket_id integer REFERENCES tickets(id) ON DELETE SET NULL,
        inbound_mail_id bigint NOT NULL REFERENCES inbound_mails(id) ON DELETE CASCADE,
        from_category text NOT NULL,
        to_category text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'classification_corrections',
      'outbox',
      'ticket_messages',
      'inbound_mails',
      'tickets',
      'mailbox_cursors',
      'contact_addresses',
      'support_contacts',
      'agreements',
      'companies',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t} CASCADE`);
    }
    await q.query(`DROP SEQUENCE IF EXISTS ticket_reference_seq`);
  }
}
