import { endpointCard } from './card.js';

export const getUser = endpointCard('getUser', {
  key: 'get-user',
  name: 'Get User',
  description: 'Reads one Rally user by id. 404 USER_NOT_FOUND when Rally has no such user.',
  steps: [
    'Input: `id`.',
    'Call `httpHelper` with relative_url `/users/{id}` (Compose), request_method `GET`.',
    'If status_code is 200 output the body fields; otherwise Return Error (404 means no such user).',
  ],
  example: { path: { id: '$USER_ID' } },
});
