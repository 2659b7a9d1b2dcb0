const split = (list: string): readonly string[] => list.split('|');

/** Name material for generated users: realistic, with accents and apostrophes to exercise encoding. */
export const FIRST_NAMES: readonly string[] = split(
  'James|Mary|Robert|Patricia|John|Jennifer|Michael|Linda|David|Elizabeth|William|' +
    'Barbara|Richard|Susan|Joseph|Jessica|Thomas|Sarah|Charles|Karen|Christopher|' +
    'Lisa|Daniel|Nancy|Matthew|Betty|Anthony|Margaret|Mark|Sandra|Priya|Rahul|Ananya|' +
    'Arjun|Mei|Wei|Hiroshi|Yuki|Min-jun|Seo-yeon|José|María|Zoë|Renée|François|Björn|' +
    'Søren|Łukasz|Siobhán|Chloé|André|Jürgen|Seán|Aoife|Dmitrii|Olga|Ahmed|Fatima|' +
    'Kwame|Amara|Noah|Emma|Liam|Olivia|Mateo|Sofía|Lucas|Mia|Ethan|Ava',
);

export const LAST_NAMES: readonly string[] = split(
  'Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|' +
    'Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|' +
    "Perez|Thompson|White|Harris|Sanchez|Clark|Ramirez|Lewis|Robinson|O'Brien|" +
    "O'Neill|D'Angelo|D'Souza|Müller|Nuñez|Ødegaard|García|López|Kowalski|Nguyen|" +
    'Patel|Sharma|Kim|Park|Tanaka|Suzuki|Chen|Wang|Zhang|Schröder|Dvořák|Łukaszewski|' +
    'Ó Súilleabháin|van der Berg|de la Cruz|MacDonald|Okafor|Mensah|Haddad',
);

export const MIDDLE_INITIALS: readonly string[] = split('A.|B.|C.|D.|E.|J.|K.|L.|M.|R.|S.|T.');

/** Per-subscription dropdown values (KB 57584); "None" is the default of each. */
export const DROPDOWNS: Readonly<
  Record<'Department' | 'CostCenter' | 'OfficeLocation' | 'Role', readonly string[]>
> = {
  Department: [
    'None',
    'Engineering',
    'Product Management',
    'Quality Assurance',
    'User Experience',
    'IT Operations',
    'Information Security',
    'Finance',
    'Human Resources',
    'Sales',
    'Marketing',
    'Customer Support',
  ],
  CostCenter: ['None', 'CC-1100', 'CC-1200', 'CC-2100', 'CC-3300', 'CC-4500', 'CC-9000'],
  OfficeLocation: ['None', 'Boulder', 'Denver', 'Raleigh', 'London', 'Dublin', 'Bangalore', 'Remote'],
  Role: [
    'None',
    'Architect',
    'Developer',
    'Executive',
    'Product Owner',
    'Program Manager',
    'Scrum Master',
    'Tester',
    'UX Designer',
    'Other',
  ],
};

/** Allowed values of the other constrained attributes, keyed `Type.Attribute`. */
export const OTHER_ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  'User.SubscriptionPermission': ['Subscription Admin', 'Subscription User'],
  'WorkspacePermission.Role': ['Admin', 'User'],
  'ProjectPermission.Role': ['Viewer', 'Editor', 'Project Admin'],
};

/** ASCII e-mail local part: accents dropped, apostrophes kept (valid in an address), spaces removed. */
export function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9'-]/g, '')
    .toLowerCase();
}
