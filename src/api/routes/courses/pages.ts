import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AGREEMENT_KINDS, LANGUAGES, TOPICS } from '../../../domain/vocabulary';
import { ActionError } from '../../../shared/errors';
import * as courses from '../../../courses/store';
import type { CourseFields } from '../../../courses/course';
import { formatAgreementPrices } from '../../../courses/course';
import { formatLocal } from '../../../courses/time';
import { field, numericId, type RouteContext } from '../context';
import { formAction, noticeFor, page } from '../html';

/**
 * The course calendar's pages (src/courses): everyone reads the courses, their dates with the
 * seats booked and the latest bookings; managers and admins create, edit and delete courses
 * and dates. A date with bookings cannot be deleted, nor get fewer seats than are booked.
 */
const MANAGER = { minRole: 'manager' as const };
type Id = { Params: { id: string } };
type DateId = { Params: { id: string; dateId: string } };

function formFields(body: unknown): CourseFields {
  return {
    code: field(body, 'code'),
    topic: field(body, 'topic'),
    language: field(body, 'language'),
    title: field(body, 'title'),
    place: field(body, 'place'),
    price: field(body, 'price'),
    agreementPrices: field(body, 'agreement_prices'),
  };
}
const dateFields = (body: unknown) => ({ startsAt: field(body, 'starts_at'), seatsTotal: field(body, 'seats_total') });

export function htmlCourseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  const choices = { languages: LANGUAGES, topics: TOPICS, agreements: AGREEMENT_KINDS, formatLocal, formatAgreementPrices };

  const list = async (req: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200, draft: CourseFields | null = null) =>
    page(ctx, req, reply, 'courses', { title: 'Kurser', active: 'courses', courses: await courses.listCourses(db), bookings: await courses.listBookings(db, 50), ...choices, draft, notice: noticeFor(req.query), error }, status);
  const one = async (req: FastifyRequest<Id>, reply: FastifyReply, error: string | null = null, status = 200, draft: CourseFields | null = null) => {
    const c = await courses.getCourse(db, numericId(req.params.id, 'course'));
    if (!c) throw new ActionError('NOT_FOUND', 'Kurset findes ikke.');
    return page(ctx, req, reply, 'course', { title: c.title, active: 'courses', course: c, draft, ...choices, notice: noticeFor(req.query), error }, status);
  };

  app.get('/courses', async (req, reply) => list(req, reply));
  app.get<Id>('/courses/:id', async (req, reply) => one(req, reply));
  app.post('/courses', { config: MANAGER }, async (req, reply) => {
    let id = 0;
    const f = formFields(req.body);
    return formAction(
      reply,
      async () => ({ id } = await courses.createCourse(db, f)),
      () => `/courses/${id}?done=saved`,
      (e, s) => list(req, reply, e, s, f),
    );
  });
  app.post<Id>('/courses/:id', { config: MANAGER }, async (req, reply) => {
    const id = numericId(req.params.id, 'course');
    const f = formFields(req.body);
    return formAction(reply, () => courses.updateCourse(db, id, f), `/courses/${id}?done=saved`, (e, s) => one(req, reply, e, s, f));
  });
  app.post<Id>('/courses/:id/delete', { config: MANAGER }, async (req, reply) =>
    formAction(reply, () => courses.deleteCourse(db, numericId(req.params.id, 'course')), '/courses?done=course-deleted', (e, s) => one(req, reply, e, s)),
  );
  app.post<Id>('/courses/:id/dates', { config: MANAGER }, async (req, reply) => {
    const id = numericId(req.params.id, 'course');
    return formAction(reply, () => courses.addCourseDate(db, id, dateFields(req.body)), `/courses/${id}?done=date-added`, (e, s) => one(req, reply, e, s));
  });
  app.post<DateId>('/courses/:id/dates/:dateId', { config: MANAGER }, async (req, reply) => {
    const id = numericId(req.params.id, 'course');
    const dateId = numericId(req.params.dateId, 'course date');
    return formAction(reply, () => courses.updateCourseDate(db, id, dateId, dateFields(req.body)), `/courses/${id}?done=saved`, (e, s) => one(req, reply, e, s));
  });
  app.post<DateId>('/courses/:id/dates/:dateId/delete', { config: MANAGER }, async (req, reply) => {
    const id = numericId(req.params.id, 'course');
    const dateId = numericId(req.params.dateId, 'course date');
    return formAction(reply, () => courses.deleteCourseDate(db, id, dateId), `/courses/${id}?done=date-deleted`, (e, s) => one(req, reply, e, s));
  });
}
