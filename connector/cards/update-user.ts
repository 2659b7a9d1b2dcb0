import { endpointCard } from './card.js';

export const updateUser = endpointCard('updateUser', {
  key: 'update-user',
  name: 'Update User',
  description:
    'Changes the fields given and leaves the others untouched. Empty text or null clears a field. `active` false deactivates, true reactivates.',
  steps: [
    'Inputs: `id` (required) and any user fields.',
    'Build the body with Object Construct from the non-empty inputs only (a field left out stays as it is).',
    'Call `httpHelper` with relative_url `/users/{id}` (Compose), request_method `PATCH`, body.',
    'If status_code is 200 output the body fields; otherwise Return Error.',
  ],
  example: { path: { id: '$USER_ID' }, body: { firstName: 'Janet', officeLocation: 'Denver' } },
});
