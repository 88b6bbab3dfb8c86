import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Course } from './course';

/**
 * One date of a course with its seats. A booking takes a seat with
 * `UPDATE … SET seats_left = seats_left - 1 WHERE id = $1 AND seats_left > 0`, so two answers
 * racing for the last seat cannot both have it; the CHECK is the last line of defence.
 */
@Entity('course_dates')
@Unique('course_dates_course_id_starts_at_key', ['courseId', 'startsAt'])
@Index('ix_course_dates_starts_at', ['startsAt'])
@Check('course_dates_seats_total_check', 'seats_total >= 0')
@Check('course_dates_seats_left_check', 'seats_left >= 0 AND seats_left <= seats_total')
export class CourseDate {
  @PrimaryGeneratedColumn('increment', { type: 'integer', primaryKeyConstraintName: 'course_dates_pkey' })
  id: number;

  @Column({ name: 'course_id', type: 'integer' })
  courseId: number;

  @ManyToOne('Course', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'course_id', foreignKeyConstraintName: 'course_dates_course_id_fkey' })
  course?: Course;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'seats_total', type: 'integer' })
  seatsTotal: number;

  @Column({ name: 'seats_left', type: 'integer' })
  seatsLeft: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
