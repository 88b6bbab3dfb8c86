/** The agents' ticket use cases (one module each), for the HTML routes and the REST API. */
export * from './context';
export { reclassifyTicket } from './reclassify';
export { assignTicket } from './assign';
export { addNote } from './notes';
export { setTicketStatus } from './status';
export { agentReplyBody, agentReplySubject, replyToTicket } from './reply';
export { linkSender } from './link-sender';
