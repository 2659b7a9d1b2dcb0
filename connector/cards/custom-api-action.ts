import type { Card } from './card.js';

/** Okta's standard escape hatch: any request to the connector API with the connection's auth. */
export const customApiAction: Card = {
  key: 'custom-api-action',
  name: 'Custom API Action',
  kind: 'custom',
  description:
    'Sends any request to the connector API (below /connector/v1) with the connection’s credentials, for what the other cards do not cover.',
  method: 'GET/POST/PATCH/PUT/DELETE',
  relativeUrl: '{Relative URL}',
  inputs: [
    { name: 'Request Type', type: 'Text', required: true, description: 'GET, POST, PATCH, PUT or DELETE.' },
    {
      name: 'Relative URL',
      type: 'Text',
      required: true,
      description: 'Must start with "/", e.g. /users/123.',
    },
    { name: 'Query', type: 'Object', required: false, description: 'Query parameters.' },
    { name: 'Headers', type: 'Object', required: false, description: 'Extra request headers.' },
    { name: 'Body', type: 'Object', required: false, description: 'JSON body for POST, PATCH and PUT.' },
  ],
  outputs: [
    { name: 'Status Code', type: 'Number', required: true, description: 'HTTP status of the answer.' },
    { name: 'Headers', type: 'Object', required: true, description: 'Response headers.' },
    { name: 'Body', type: 'Object', required: true, description: 'Response JSON.' },
  ],
  successStatus: 200,
  steps: [
    'Inputs as listed; Request Type can be a static dropdown.',
    'Call `httpHelper` with the inputs unchanged and output its status_code, headers and body.',
    'Do not Return Error on 4xx: the caller of a custom action reads the status itself.',
  ],
  example: { method: 'GET', relativeUrl: '/users', query: { limit: '1' } },
};
