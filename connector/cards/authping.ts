import type { Card } from './card.js';

/** The reserved system flow behind "Test API Credentials" and every new connection. */
export const authping: Card = {
  key: 'authping',
  name: '_authping',
  kind: 'system',
  description:
    'Runs when a connection is created or a flow is opened. Calls GET /ping, which answers 200 only when the Rally credential is valid and may create users, so a connection with a read-only or non-admin account fails at once instead of at the first provisioning.',
  method: 'GET',
  relativeUrl: '/ping',
  endpoint: 'ping',
  inputs: [],
  outputs: [
    { name: 'working', type: 'True/False', required: true, description: 'true when the status code is 200.' },
    {
      name: 'serviceResponse',
      type: 'Object',
      required: true,
      description:
        '`status_code`, `message` (error.message of a failure, or "OK") and `responseBody` (the JSON body) of the /ping call.',
    },
  ],
  successStatus: 200,
  steps: [
    'Add a flow named exactly `_authping` (a system flow; Workflows runs it itself).',
    'Call the `httpHelper` flow with relative_url `/ping`, request_method `GET`.',
    'Compare: `status_code` equals 200 → `working`.',
    'Build `serviceResponse` with an Object Construct card: `status_code`, `message` (Get `body.error.message`, or "OK"), `responseBody` (`body`).',
    'Return `working` and `serviceResponse`. A 401 message says whether the username/password or the API key was refused; a 403 names the account and the permission it lacks.',
  ],
  example: {},
};
