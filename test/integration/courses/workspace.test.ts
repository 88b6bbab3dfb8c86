import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, FORM, addUser, ingest, login, startHarness, type Harness, type TestUser } from '../api/harness';
import { ROOT } from '../../support/env';
import { readCoursesCsv, shiftToFuture } from '../../../src/courses/csv';
import { importCourses } from '../../../src/courses/store';

jest.setTimeout(120_000);

/**
 * The course calendar in the workspace: everyone reads the courses, dates and bookings;
 * managers and admins create, edit and delete courses and dates through the forms (CSRF, role
 * checks); a date cannot get fewer seats than are booked, nor be deleted with bookings.
 */
let h: Harness;
let agent: TestUser;
let manager: TestUser;

beforeAll(async () => {
  h = await startHarness();
  // The example calendar as the embedded default loads it: its dates moved ahead once they have passed.
  await importCourses(h.db.dataSource, shiftToFuture(readCoursesCsv(readFileSync(join(ROOT, 'examples', 'courses.csv'), 'utf8')), new Date()));
  [agent, manager] = [await addUser(h, 'agent'), await addUser(h, 'manager')];
});
afterAll(async () => h?.close());

it('the API lists the courses with their dates and seats, for everyone', async () => {
  const list = await h.app.inject({ url: '/api/courses', headers: bearer(agent) });
  expect(list.statusCode).toBe(200);
  const planning = list.json().find((c: { code: string }) => c.code === 'eksempel-planlaegning-da');
  expect(planning).toMatchObject({ topic: 'planning', language: 'da', priceDkk: 2500, agreementPrices: { udvidet: 0, hypercare: 0 } });
  expect(planning.dates).toHaveLength(3);
  expect(planning.dates[0]).toMatchObject({ seatsTotal: 12, seatsLeft: 12, booked: 0 });
  expect((await h.app.inject({ url: `/api/courses/${planning.id}`, headers: bearer(agent) })).json().title).toBe('Planlægning og ressourcestyring');
  expect((await h.app.inject({ url: '/api/courses/999999', headers: bearer(agent) })).statusCode).toBe(404);
  expect((await h.app.inject({ url: '/api/course-bookings', headers: bearer(agent) })).json()).toEqual([]);
  expect((await h.app.inject({ url: '/api/courses' })).statusCode).toBe(401);
});

it('the API: agents read, managers create, change and delete courses and dates; bad input is a 400, a duplicate a 409', async () => {
  const body = { code: 'api-da', topic: 'reports', language: 'da', title: 'Rapporter', place: 'online', priceDkk: 1200, agreementPrices: { udvidet: 0 } };
  expect((await h.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(agent), payload: body })).statusCode).toBe(403);
  const created = await h.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(manager), payload: body });
  expect(created.statusCode).toBe(201);
  const id = created.json().id;
  expect(created.json()).toMatchObject({ ...body, dates: [] });
  expect((await h.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(manager), payload: body })).statusCode).toBe(409);
  expect((await h.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(manager), payload: { ...body, code: 'x', topic: 'golf' } })).statusCode).toBe(400);
  expect((await h.app.inject({ method: 'POST', url: '/api/courses', headers: bearer(manager), payload: { ...body, code: 'y', agreementPrices: { gratis: 0 } } })).statusCode).toBe(400);

  const dated = await h.app.inject({ method: 'POST', url: `/api/courses/${id}/dates`, headers: bearer(manager), payload: { startsAt: '2030-01-15 09:00', seatsTotal: 5 } });
  expect(dated.statusCode).toBe(201);
  const date = dated.json().dates[0];
  expect(date).toMatchObject({ startsAt: '2030-01-15T08:00:00.000Z', seatsTotal: 5, seatsLeft: 5, booked: 0 });
  expect((await h.app.inject({ method: 'POST', url: `/api/courses/${id}/dates`, headers: bearer(agent), payload: { startsAt: '2030-02-15 09:00', seatsTotal: 5 } })).statusCode).toBe(403);
  const moved = await h.app.inject({ method: 'PUT', url: `/api/courses/${id}/dates/${date.id}`, headers: bearer(manager), payload: { startsAt: '2030-01-15T09:30:00+01:00', seatsTotal: 7 } });
  expect(moved.statusCode).toBe(200);
  expect(moved.json().dates[0]).toMatchObject({ startsAt: '2030-01-15T08:30:00.000Z', seatsTotal: 7, seatsLeft: 7 });
  expect((await h.app.inject({ method: 'PUT', url: `/api/courses/${id}`, headers: bearer(manager), payload: { ...body, title: 'Rapporter og udtræk' } })).json().title).toBe('Rapporter og udtræk');
  expect((await h.app.inject({ method: 'DELETE', url: `/api/courses/${id}/dates/${date.id}`, headers: bearer(manager) })).statusCode).toBe(200);
  expect((await h.app.inject({ method: 'DELETE', url: `/api/courses/${id}`, headers: bearer(agent) })).statusCode).toBe(403);
  expect((await h.app.inject({ method: 'DELETE', url: `/api/courses/${id}`, headers: bearer(manager) })).statusCode).toBe(200);
  expect((await h.app.inject({ url: `/api/courses/${id}`, headers: bearer(agent) })).statusCode).toBe(404);
});

it('a manager creates a course, adds, changes and deletes a date, edits and deletes the course; an agent reads but may not post', async () => {
  const m = await login(h.app, manager.email, manager.password);
  const post = (url: string, fields: Record<string, string>, s = m) => h.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, ...FORM }, payload: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString() });
  const course = { code: 'lager-da', topic: 'stock', language: 'da', title: 'Lager og materialer', place: 'online', price: '1.900', agreement_prices: 'udvidet=0' };
  const created = await post('/courses', course);
  expect(created.statusCode).toBe(303);
  const id = /^\/courses\/(\d+)\?done=saved$/.exec(created.headers.location as string)![1];
  expect((await h.db.dataSource.query(`SELECT code, topic, price_dkk, agreement_prices FROM courses WHERE id = $1`, [id]))[0]).toEqual({ code: 'lager-da', topic: 'stock', price_dkk: 1900, agreement_prices: { udvidet: 0 } });
  expect((await post('/courses', course)).statusCode).toBe(409);
  const bad = await post('/courses', { ...course, code: 'x2', topic: 'golf' });
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toContain('topic &quot;golf&quot; is not one of');

  expect((await post(`/courses/${id}/dates`, { starts_at: '2027-06-10 09:00', seats_total: '6' })).statusCode).toBe(303);
  const [date] = await h.db.dataSource.query(`SELECT id, starts_at, seats_total, seats_left FROM course_dates WHERE course_id = $1`, [id]);
  expect(date.starts_at.toISOString()).toBe('2027-06-10T07:00:00.000Z');
  expect(await post(`/courses/${id}/dates`, { starts_at: '2027-06-10 09:00', seats_total: '6' })).toMatchObject({ statusCode: 409 });
  expect((await post(`/courses/${id}/dates`, { starts_at: '10/6 2027', seats_total: '6' })).statusCode).toBe(400);

  // Two seats booked: the date keeps them when its seats change, refuses fewer, and cannot be deleted.
  await h.db.dataSource.query(`UPDATE course_dates SET seats_left = 4 WHERE id = $1`, [date.id]);
  expect((await post(`/courses/${id}/dates/${date.id}`, { starts_at: '2027-06-10 10:00', seats_total: '8' })).statusCode).toBe(303);
  expect((await h.db.dataSource.query(`SELECT seats_total, seats_left FROM course_dates WHERE id = $1`, [date.id]))[0]).toEqual({ seats_total: 8, seats_left: 6 });
  const fewer = await post(`/courses/${id}/dates/${date.id}`, { starts_at: '2027-06-10 10:00', seats_total: '1' });
  expect(fewer.statusCode).toBe(400);
  expect(fewer.body).toContain('2 seats are booked');

  const page = await h.app.inject({ url: `/courses/${id}`, headers: { cookie: m.cookie } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('value="2027-06-10 10:00"');
  expect(page.body).toContain(`action="/courses/${id}/dates"`);

  const a = await login(h.app, agent.email, agent.password);
  const list = await h.app.inject({ url: '/courses', headers: { cookie: a.cookie } });
  expect(list.statusCode).toBe(200);
  expect(list.body).toContain('Lager og materialer');
  expect(list.body).not.toContain('action="/courses"');
  expect((await h.app.inject({ url: `/courses/${id}`, headers: { cookie: a.cookie } })).body).not.toContain(`action="/courses/${id}/dates"`);
  expect((await post(`/courses/${id}/dates/${date.id}/delete`, {}, a)).statusCode).toBe(403);
  expect((await post(`/courses/${id}`, { ...course, title: 'Nej' }, a)).statusCode).toBe(403);
  // Without the CSRF token a manager's post is refused too.
  expect((await h.app.inject({ method: 'POST', url: `/courses/${id}/delete`, headers: { cookie: m.cookie, ...FORM }, payload: '' })).statusCode).toBe(403);

  expect((await post(`/courses/${id}`, { ...course, title: 'Lagerstyring' })).statusCode).toBe(303);
  expect((await h.db.dataSource.query(`SELECT title FROM courses WHERE id = $1`, [id]))[0].title).toBe('Lagerstyring');
  await h.db.dataSource.query(`UPDATE course_dates SET seats_left = seats_total WHERE id = $1`, [date.id]);
  expect((await post(`/courses/${id}/dates/${date.id}/delete`, {})).statusCode).toBe(303);
  expect((await post(`/courses/${id}/delete`, {})).statusCode).toBe(303);
  expect(await h.db.dataSource.query(`SELECT id FROM courses WHERE id = $1`, [id])).toEqual([]);
});

it('the ticket view shows the dates the offer listed and the booking; Kurser lists the booking', async () => {
  const { outcome } = await ingest(h, {
    from: 'Søren Havn <soeren@havnens-vvs.dk>',
    subject: 'Kursus i planlægning',
    text: 'Hej\n\nVi har fået to nye kontormedarbejdere, som aldrig har brugt Microbizz. Kan I holde et kursus for dem og give dem en grundig gennemgang af hele planlægningsmodulet fra bunden?\n\nHilsen',
  });
  expect(outcome).toMatchObject({ state: 'processed', replyKind: 'training-offer' });
  const ref = (outcome as { ticketReference: string }).ticketReference;
  const [offer] = await h.db.dataSource.query(`SELECT o.subject, o.message_id FROM outbox o JOIN tickets t ON t.id = o.ticket_id WHERE t.reference = $1`, [ref]);
  const answer = await ingest(h, { from: 'Søren Havn <soeren@havnens-vvs.dk>', subject: `Re: ${offer.subject}`, text: 'Den første, tak', inReplyTo: offer.message_id });
  expect(answer.outcome).toMatchObject({ state: 'processed', replyKind: 'course-booked' });

  const [{ y }] = await h.db.dataSource.query(`SELECT to_char(min(starts_at) AT TIME ZONE 'Europe/Copenhagen', 'YYYY') AS y FROM course_dates`);
  const s = await login(h.app, agent.email, agent.password);
  const view = await h.app.inject({ url: `/tickets/${ref}`, headers: { cookie: s.cookie } });
  expect(view.statusCode).toBe(200);
  expect(view.body).toContain(`<strong>Booket kursus:</strong> Planlægning og ressourcestyring, ${y}-03-11 09:00, Aarhus, Søren Frichs Vej 38 (eksempel) (2.500 kr. ekskl. moms)`);
  expect(view.body).toContain(`<li value="1">${y}-03-11 09:00 · 11 ledige</li><li value="2">${y}-04-15 09:00 · 12 ledige</li>`);
  const list = await h.app.inject({ url: '/courses', headers: { cookie: s.cookie } });
  expect(list.body).toContain(`<a href="/tickets/${ref}">${ref}</a></td><td>Havnens VVS &amp; Blik A/S</td><td>Planlægning og ressourcestyring</td>`);
});
