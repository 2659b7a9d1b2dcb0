import { endpointCard } from './card.js';

export const createUser = endpointCard('createUser', {
  key: 'create-user',
  name: 'Create User',
  description:
    'Creates a Rally user. userName must be in email format (Rally requires it). If Rally already has the userName, the card fails with 409 USER_EXISTS and `error.existingId`, so the flow can link to that user instead.',
  steps: [
    'Inputs: one field per input below (userName and email required). Department, Cost Center, Office Location and Role can be dynamic dropdowns (see "Dynamic dropdowns").',
    'Build the body with an Object Construct card from the inputs; leave out empty ones.',
    'Call `httpHelper` with relative_url `/users`, request_method `POST`, body.',
    'If status_code is 201, output the body fields. If 409 and body.error.existingId is set, the flow may link to that id; otherwise Return Error with status_code and body.error.message.',
  ],
  sets: { variable: 'USER_ID', from: 'id' },
  example: {
    body: {
      userName: 'jane.doe@example.com',
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      department: 'Engineering',
    },
  },
});
