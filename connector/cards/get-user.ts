import { endpointCard } from './card.js';

export const getUser = endpointCard('getUser', {
  key: 'get-user',
  name: 'Get User',
  description:
    'Reads one Rally user by id, with the project and workspace roles it holds (`entitlements`). 404 USER_NOT_FOUND when Rally has no such user.',
  steps: [
    'Input: `id`.',
    'Call `httpHelper` with relative_url `/users/{id}` (Compose), request_method `GET`.',
    'If status_code is 200 output the body fields (`entitlements` is a list of objects: id, type, displayName, description); otherwise Return Error (404 means no such user).',
  ],
  example: { path: { id: '$USER_ID' } },
});
