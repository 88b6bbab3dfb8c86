import type { FastifyInstance } from 'fastify';
import { ActionError } from '../../../shared/errors';
import * as courses from '../../../courses/store';
import { numericId, type RouteContext } from '../context';
import { ID } from '../schema';

/**
 * REST API for the course calendar (src/courses): the courses with their dates (seats total,
 * left and booked) and the bookings made by answering training offers. Read-only; the calendar
 * is edited in the workspace or with `servicedesk courses import`.
 */
export function apiCourseRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const db = ctx.deps.pipeline.db;
  app.get('/api/courses', async () => courses.listCourses(db));
  app.get<{ Params: { id: string } }>('/api/courses/:id', { schema: { params: ID } }, async (req) => {
    const c = await courses.getCourse(db, numericId(req.params.id, 'course'));
    if (!c) throw new ActionError('NOT_FOUND', `no course ${req.params.id}`);
    return c;
  });
  app.get('/api/course-bookings', async () => courses.listBookings(db));
}
