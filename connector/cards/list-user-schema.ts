import { endpointCard } from './card.js';

export const listUserSchema = endpointCard('userSchema', {
  key: 'list-user-schema',
  name: 'List User Schema',
  description:
    'Every user field with its type, whether it is writable, and the subscription’s allowed values for Department, Cost Center, Office Location and Role. Feeds the dynamic dropdowns of Create User and Update User.',
  steps: [
    'No inputs.',
    'Call `httpHelper` with relative_url `/schema/users`, request_method `GET`.',
    'Output `attributes`. For a dynamic dropdown, filter the attribute by name and return its allowedValues as the dropdown options.',
  ],
  example: {},
});
