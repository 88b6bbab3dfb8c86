import type { Topic } from '../domain/vocabulary';

/**
 * The Microbizz course we recommend for a topic. supportaftaler.txt draws the line: "Support er
 * hjælp til, hvorfor et skema ikke gør som forventet. Support er ikke undervisning i, hvordan
 * man laver skemaer fra bunden" — so a training need about forms is answered with that course.
 * A Record over every Topic: adding a topic without a course fails to compile.
 */
export interface Course {
  da: string;
  en: string;
}

export const COURSES: Readonly<Record<Topic, Course>> = {
  forms: { da: 'Skemaer fra bunden', en: 'Forms from scratch' },
  invoicing: { da: 'Fakturering i Microbizz', en: 'Invoicing in Microbizz' },
  integrations: { da: 'Integrationer og dataudveksling', en: 'Integrations and data exchange' },
  app: { da: 'Microbizz-appen i marken', en: 'The Microbizz app in the field' },
  planning: { da: 'Planlægning og ressourcestyring', en: 'Planning and resource management' },
  time_registration: { da: 'Timeregistrering og løn', en: 'Time registration and payroll' },
  users_rights: { da: 'Brugere og rettigheder', en: 'Users and permissions' },
  reports: { da: 'Rapporter og udtræk', en: 'Reports and data extracts' },
  stock: { da: 'Lager og materialer', en: 'Stock and materials' },
  customers: { da: 'Kundekartotek og kontakter', en: 'Customer records and contacts' },
  tasks: { da: 'Opgave- og sagsstyring', en: 'Tasks and work orders' },
  // Questions about the agreement itself mean the support contact role is unclear.
  agreement: { da: 'Uddannelse af supportkontakter', en: 'Support contact training' },
  // No area detected: the broad introduction is the safe recommendation.
  other: { da: 'Microbizz grundkursus', en: 'Microbizz fundamentals' },
};

export function courseFor(topic: Topic): Course {
  return COURSES[topic];
}
