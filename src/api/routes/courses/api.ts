import type { FastifyInstance } from 'fastify';
import { AGREEMENT_KINDS, LANGUAGES, TOPICS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as courses from '../../../courses/store';
import { formatAgreementPrices, type CourseFields } from '../../../courses/course';
import { numericId, type RouteContext } from '../context';
import { ID, obj } from '../schema';

/**
 * REST API for the course calendar (src/courses): the courses with their dates (seats total,
 * left and booked) and the bookings made by answering training offers. Everyone reads;
 * managers and admins edit, as for the help catalogue (config.minRole, enforced by the guard).
 */
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };
type DateParams = { Params: { id: string; dateId: string } };
type CourseBody = { code: string; topic: string; language: string; title: string; place: string; priceDkk: number; agreementPrices?: Record<string, number> };
type DateBody = { startsAt: string; seatsTotal: number };

const COURSE_BODY = obj(
  {
    code: { type: 'string', maxLength: 60 },
    topic: { type: 'string', enum: [...TOPICS] },
    language: { type: 'string', enum: [...LANGUAGES] },
    title: { type: 'string', maxLength: 200 },
    place: { type: 'string', maxLength: 200 },
    priceDkk: { type: 'integer', minimum: 0, maximum: 9999999 },
    agreementPrices: { type: 'object', additionalProperties: false, properties: Object.fromEntries(AGREEMENT_KINDS.map((k) => [k, { type: 'integer', minimum: 0, maximum: 9999999 }])) },
  },
  ['code', 'topic', 'language', 'title', 'place', 'priceDkk'],
);
/** startsAt: Danish time "YYYY-MM-DD HH:MM" (as in the CSV) or an ISO instant with an offset. */
const DATE_BODY = obj({ startsAt: { type: 'string', maxLength: 40 }, seatsTotal: { type: 'integer', minimum: 0, maximum: 1000 } });
const DATE_ID = { type: 'object', required: ['id', 'dateId'], properties: { id: { type: 'string', pattern: '^[0-9]{1,18}$' }, dateId: { type: 'string', pattern: '^[0-9]{1,18}$' } } } as const;

const fields = (b: CourseBody): CourseFields => ({
  code: b.code,
  topic: b.topic,
  language: b.language,
  title: b.title,
  place: b.place,
  price: String(b.priceDkk),
  agreementPrices: formatAgreementPrices(b.agreementPrices ?? {}),
});
const dateFields = (b: DateBody) => ({ startsAt: b.startsAt, seatsTotal: String(b.seatsTotal) });

export function apiCourseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  const one = async (id: number) => {
    const c = await courses.getCourse(db, id);
    if (!c) throw new ActionError('NOT_FOUND', `no course ${id}`);
    return c;
  };

  app.get('/api/courses', async () => courses.listCourses(db));
  app.get<Id>('/api/courses/:id', { schema: { params: ID } }, async (req) => one(numericId(req.params.id, 'course')));
  app.get('/api/course-bookings', async () => courses.listBookings(db));

  app.post<{ Body: CourseBody }>('/api/courses', { config: MANAGER, schema: { body: COURSE_BODY } }, async (req, reply) => {
    const c = await courses.createCourse(db, fields(req.body));
    return reply.code(201).send(await one(c.id));
  });
  app.put<Id & { Body: CourseBody }>('/api/courses/:id', { config: MANAGER, schema: { params: ID, body: COURSE_BODY } }, async (req) => {
    const c = await courses.updateCourse(db, numericId(req.params.id, 'course'), fields(req.body));
    return one(c.id);
  });
  app.delete<Id>('/api/courses/:id', { config: MANAGER, schema: { params: ID } }, async (req) => {
    await courses.deleteCourse(db, numericId(req.params.id, 'course'));
    return { ok: true };
  });
  app.post<Id & { Body: DateBody }>('/api/courses/:id/dates', { config: MANAGER, schema: { params: ID, body: DATE_BODY } }, async (req, reply) => {
    const id = numericId(req.params.id, 'course');
    await courses.addCourseDate(db, id, dateFields(req.body));
    return reply.code(201).send(await one(id));
  });
  app.put<DateParams & { Body: DateBody }>('/api/courses/:id/dates/:dateId', { config: MANAGER, schema: { params: DATE_ID, body: DATE_BODY } }, async (req) => {
    const id = numericId(req.params.id, 'course');
    await courses.updateCourseDate(db, id, numericId(req.params.dateId, 'course date'), dateFields(req.body));
    return one(id);
  });
  app.delete<DateParams>('/api/courses/:id/dates/:dateId', { config: MANAGER, schema: { params: DATE_ID } }, async (req) => {
    await courses.deleteCourseDate(db, numericId(req.params.id, 'course'), numericId(req.params.dateId, 'course date'));
    return { ok: true };
  });
}
