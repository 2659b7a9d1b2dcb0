/**
 * What to change in Okta, by the field names of the SAML 2.0 app (General → SAML Settings, and the
 * Sign On tab). One place, so the report, the page and docs/saml.md say the same thing.
 */
export const FIX = {
  input:
    'Send the SAMLResponse form value exactly as the browser posted it (base64). A browser tracer such as SAML-tracer shows it on the POST to the ACS.',
  status:
    'Open the Okta System Log for this sign-in. If the user is not assigned to the app, assign them (Assignments tab).',
  invalidNameIdPolicy:
    'In Okta, set “Name ID format” to EmailAddress: Okta refuses a request whose NameIDPolicy format differs from the app’s.',
  assertionCount:
    'A response must carry exactly one assertion. More than one is a signature-wrapping attempt; none means the IdP reported a failure (see status).',
  issuer: (expected: string) =>
    `Load the metadata of the Okta app Rally uses: its “Identity Provider Issuer” is ${expected} (Sign On tab → View SAML setup instructions). If the app was re-created, load the new app’s metadata.`,
  destination: (acs: string) =>
    `In Okta, set “Single sign-on URL” to ${acs} and keep “Use this for Recipient URL and Destination URL” checked (or set “Destination URL” to it).`,
  recipient: (acs: string) =>
    `In Okta, set “Single sign-on URL” to ${acs} and keep “Use this for Recipient URL and Destination URL” checked (or set “Recipient URL” to it).`,
  audience: (entityId: string) => `In Okta, set “Audience URI (SP Entity ID)” to ${entityId}.`,
  time: 'Okta’s clock is kept by NTP: synchronise this server’s clock (NTP) and sign in again. Okta’s assertions are valid for five minutes either side of IssueInstant.',
  validityWindow:
    'Okta issues assertions valid for ten minutes (NotBefore and NotOnOrAfter five minutes either side of IssueInstant). A window of more than a day did not come from an Okta SAML 2.0 app as configured by default: check which app Rally’s sign-in uses, and shorten the assertion lifetime to minutes in the IdP.',
  subjectConfirmation:
    'Okta always sends a bearer SubjectConfirmation with NotOnOrAfter; without one the response did not come from an Okta SAML 2.0 app. Check which app Rally’s sign-in uses.',
  inResponseTo:
    'Start again with “Test sign-in” on this page and finish within 10 minutes, on the same helper instance. An unknown ID can also mean the response was meant for another SP.',
  replay: 'Each SAML response can be used once. Sign in again to get a fresh one.',
  nameId:
    'In Okta, set “Application username” to Email (General → SAML Settings), and make sure every assigned user has an email.',
  nameIdFormat: 'In Okta, set “Name ID format” to EmailAddress (General → SAML Settings).',
  rallyUsername:
    'In Okta, set “Application username” to Email: Rally matches the NameID to the Rally username, which is an email address.',
  certificate:
    'In Okta, Sign On tab → SAML Signing Certificates: “Generate new certificate”, give the new certificate (or metadata) to Rally and load it here, then “Activate” it.',
  algorithms:
    'In Okta, set “Signature Algorithm” to RSA-SHA256 and “Digest Algorithm” to SHA256 (General → SAML Settings → Show Advanced Settings).',
  responseSigned: 'In Okta, set “Response” to Signed (General → SAML Settings → Show Advanced Settings).',
  assertionSigned:
    'In Okta, set “Assertion Signature” to Signed (General → SAML Settings → Show Advanced Settings).',
  attributes:
    'In Okta, add Attribute Statements (General → SAML Settings → Attribute Statements): firstName = user.firstName, lastName = user.lastName, email = user.email (Name format Unspecified).',
  rallyUserMissing:
    'In Okta, assign the user to the Rally app with Provisioning → “Create Users” (Push New Users) enabled, or push the user now; then sign in again.',
  rallyUserDisabled:
    'Reactivate the user: in Okta, unassign and reassign the Rally app (with “Reactivate Users” on), or enable the user in Rally. A disabled Rally user cannot sign in.',
} as const;
