import { endpointCard } from './card.js';

export const findUsers = endpointCard('listUsers', {
  key: 'find-users',
  name: 'Find Users',
  description:
    'Lists users page by page in a stable order, optionally filtered by exact userName (any case), email or active state. Streamable: the card can hand every user to a helper flow.',
  streamable: true,
  steps: [
    'Inputs: userName, email, active (filters), limit; plus a "Stream" option (True/False) and a helper flow to stream to.',
    'Without streaming: call `httpHelper` with relative_url `/users`, request_method `GET`, query {limit, userName, email, active}; output `users`, `nextCursor`, `total`.',
    'With streaming: a Paginate card runs a helper flow that calls `/users` with the `cursor` from its State, calls the streaming flow once per user (inputs `Record` and `State`), and stops when `nextCursor` is null.',
    'Pages after the first are read ahead from Rally while your flow works on the current one, so keep each loop iteration sequential.',
  ],
  example: { query: { limit: '2', active: 'true' } },
});
