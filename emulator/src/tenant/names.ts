/** Fixed word lists the tenant generator draws from (order matters: it is part of the seed's output). */

export const GIVEN_NAMES = [
  'Adele',
  'Alex',
  'Allan',
  'Amara',
  'Ana',
  'Andre',
  'Anika',
  'Arjun',
  'Beatriz',
  'Ben',
  'Bianca',
  'Carlos',
  'Chen',
  'Chloe',
  'Christie',
  'Daniel',
  'Diego',
  'Elena',
  'Emily',
  'Enrico',
  'Farah',
  'Fatima',
  'Felix',
  'Grady',
  'Hana',
  'Hannah',
  'Henrietta',
  'Hiro',
  'Ines',
  'Isaiah',
  'Ivan',
  'Jana',
  'Johanna',
  'Joni',
  'Jorge',
  'Kai',
  'Karim',
  'Keiko',
  'Lars',
  'Laura',
  'Lee',
  'Leila',
  'Lidia',
  'Lucas',
  'Lynne',
  'Maya',
  'Megan',
  'Miguel',
  'Miriam',
  'Nestor',
  'Nia',
  'Noah',
  'Olga',
  'Omar',
  'Patti',
  'Pradeep',
  'Priya',
  'Rafael',
  'Rina',
  'Rosa',
  'Samir',
  'Sara',
  'Sofia',
  'Sven',
  'Tariq',
  'Tomas',
  'Uma',
  'Vera',
  'Wei',
  'Yara',
];

export const SURNAMES = [
  'Adams',
  'Alvarez',
  'Bauer',
  'Bianchi',
  'Brennan',
  'Castro',
  'Chandra',
  'Cohen',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fernandes',
  'Fischer',
  'Fujita',
  'Garcia',
  'Gupta',
  'Haddad',
  'Hansen',
  'Hoffman',
  'Ibrahim',
  'Ito',
  'Jensen',
  'Kaur',
  'Kim',
  'Kowalski',
  'Larsen',
  'Lindqvist',
  'Lopez',
  'Martin',
  'Meyer',
  'Mokoena',
  'Moreau',
  'Mueller',
  'Nakamura',
  'Nguyen',
  'Novak',
  'Okafor',
  'Olsen',
  'Patel',
  'Petrov',
  'Quinn',
  'Rahman',
  'Reyes',
  'Rossi',
  'Sato',
  'Schmidt',
  'Silva',
  'Singh',
  'Sousa',
  'Svensson',
  'Tanaka',
  'Torres',
  'Vance',
  'Varga',
  'Wagner',
  'Walsh',
  'Wong',
  'Yamamoto',
  'Zhang',
  'Zimmer',
];

export interface Department {
  name: string;
  /** Job title of the department head (reports to the chief executive). */
  headTitle: string;
  /** Job title of a team manager inside the department. */
  managerTitle: string;
  /** Job titles of individual contributors. */
  titles: readonly string[];
}

export const DEPARTMENTS: readonly Department[] = [
  {
    name: 'Engineering',
    headTitle: 'VP of Engineering',
    managerTitle: 'Engineering Manager',
    titles: ['Software Engineer', 'Senior Software Engineer', 'Site Reliability Engineer', 'QA Engineer'],
  },
  {
    name: 'Sales',
    headTitle: 'VP of Sales',
    managerTitle: 'Sales Manager',
    titles: ['Account Executive', 'Sales Representative', 'Sales Engineer'],
  },
  {
    name: 'Marketing',
    headTitle: 'Chief Marketing Officer',
    managerTitle: 'Marketing Manager',
    titles: ['Marketing Specialist', 'Content Strategist', 'Product Marketing Manager'],
  },
  {
    name: 'Finance',
    headTitle: 'Chief Financial Officer',
    managerTitle: 'Finance Manager',
    titles: ['Accountant', 'Financial Analyst', 'Controller'],
  },
  {
    name: 'Human Resources',
    headTitle: 'VP of People',
    managerTitle: 'HR Manager',
    titles: ['HR Generalist', 'Recruiter', 'Benefits Specialist'],
  },
  {
    name: 'Operations',
    headTitle: 'Chief Operating Officer',
    managerTitle: 'Operations Manager',
    titles: ['Operations Analyst', 'Logistics Coordinator', 'Facilities Coordinator'],
  },
  {
    name: 'Legal',
    headTitle: 'General Counsel',
    managerTitle: 'Legal Manager',
    titles: ['Attorney', 'Paralegal', 'Compliance Officer'],
  },
  {
    name: 'Customer Support',
    headTitle: 'VP of Customer Success',
    managerTitle: 'Support Manager',
    titles: ['Support Engineer', 'Customer Success Manager', 'Support Specialist'],
  },
];

export interface Office {
  officeLocation: string;
  city: string;
  state: string | null;
  country: string;
  usageLocation: string;
  preferredLanguage: string;
  /** Prefix of the office's phone numbers. */
  phonePrefix: string;
  streetAddress: string;
  postalCode: string;
}

export const OFFICES: readonly Office[] = [
  {
    officeLocation: 'Redmond 18/2111',
    city: 'Redmond',
    state: 'WA',
    country: 'United States',
    usageLocation: 'US',
    preferredLanguage: 'en-US',
    phonePrefix: '+1 425 555 0',
    streetAddress: '1 Microsoft Way',
    postalCode: '98052',
  },
  {
    officeLocation: 'New York 5/410',
    city: 'New York',
    state: 'NY',
    country: 'United States',
    usageLocation: 'US',
    preferredLanguage: 'en-US',
    phonePrefix: '+1 212 555 0',
    streetAddress: '11 Times Square',
    postalCode: '10036',
  },
  {
    officeLocation: 'London 3/120',
    city: 'London',
    state: null,
    country: 'United Kingdom',
    usageLocation: 'GB',
    preferredLanguage: 'en-GB',
    phonePrefix: '+44 20 7946 0',
    streetAddress: '2 Kingdom Street',
    postalCode: 'W2 6BD',
  },
  {
    officeLocation: 'Paris 2/215',
    city: 'Paris',
    state: null,
    country: 'France',
    usageLocation: 'FR',
    preferredLanguage: 'fr-FR',
    phonePrefix: '+33 1 70 36 0',
    streetAddress: '39 Quai du President Roosevelt',
    postalCode: '92130',
  },
  {
    officeLocation: 'Munich 4/040',
    city: 'Munich',
    state: 'BY',
    country: 'Germany',
    usageLocation: 'DE',
    preferredLanguage: 'de-DE',
    phonePrefix: '+49 89 3176 0',
    streetAddress: 'Walter-Gropius-Strasse 5',
    postalCode: '80807',
  },
  {
    officeLocation: 'Bangalore 7/701',
    city: 'Bangalore',
    state: 'KA',
    country: 'India',
    usageLocation: 'IN',
    preferredLanguage: 'en-IN',
    phonePrefix: '+91 80 4010 0',
    streetAddress: 'Embassy Golf Links',
    postalCode: '560071',
  },
  {
    officeLocation: 'Sydney 1/110',
    city: 'Sydney',
    state: 'NSW',
    country: 'Australia',
    usageLocation: 'AU',
    preferredLanguage: 'en-AU',
    phonePrefix: '+61 2 9870 0',
    streetAddress: '1 Epping Road',
    postalCode: '2113',
  },
];

/** Words that make up the names of the generated project groups. */
export const PROJECT_WORDS = [
  'Phoenix',
  'Atlas',
  'Aurora',
  'Nimbus',
  'Orion',
  'Zephyr',
  'Helios',
  'Polaris',
  'Everest',
  'Sequoia',
  'Beacon',
  'Cascade',
  'Delta',
  'Ember',
  'Falcon',
  'Glacier',
  'Harbor',
  'Horizon',
  'Juniper',
  'Keystone',
  'Lighthouse',
  'Meridian',
  'Northwind',
  'Odyssey',
  'Pinnacle',
  'Quasar',
  'Redwood',
  'Summit',
  'Tidal',
  'Vertex',
];

export const TEAM_SUFFIXES = ['Project', 'Initiative', 'Working Group', 'Squad', 'Program', 'Taskforce'];

export const EXTERNAL_DOMAINS = ['fabrikam.com', 'adventure-works.com', 'wingtiptoys.com', 'tailspintoys.com'];

export const DEVICE_MODELS = [
  {
    manufacturer: 'Microsoft Corporation',
    model: 'Surface Laptop 5',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.22631.3447',
  },
  {
    manufacturer: 'Dell Inc.',
    model: 'Latitude 7440',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.22631.3296',
  },
  { manufacturer: 'Apple', model: 'MacBook Pro', operatingSystem: 'MacMDM', operatingSystemVersion: '14.4.1' },
  { manufacturer: 'Apple', model: 'iPhone 15', operatingSystem: 'IPhone', operatingSystemVersion: '17.4.1' },
  { manufacturer: 'samsung', model: 'Galaxy S24', operatingSystem: 'AndroidForWork', operatingSystemVersion: '14' },
] as const;

export const SERVICE_PRINCIPAL_NAMES = [
  'Contoso HR Connector',
  'Backup Automation',
  'Expense Sync',
  'Build Pipeline',
  'Ticketing Bridge',
  'Payroll Export',
];

/** Directory roles the tenant activates; template ids are Entra ID's fixed role template ids. */
export const DIRECTORY_ROLES = [
  {
    displayName: 'Global Administrator',
    roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
    description:
      'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  },
  {
    displayName: 'Global Reader',
    roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
  },
  {
    displayName: 'User Administrator',
    roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  },
] as const;
