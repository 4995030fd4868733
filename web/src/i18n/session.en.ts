import type { SessionMessages } from './session.zh-CN.js';

/** English strings of the login screen, the signed-in user and access rules; the keys mirror `session.zh-CN.ts`. */
export const sessionEn: SessionMessages = {
  login: {
    title: 'Lianfang',
    heading: 'Sign in',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    expired: 'Your session has expired. Please sign in again.',
    loggedOut: 'You have signed out.',
    failed: 'Sign-in failed: {{detail}}',
    networkFailed: 'Cannot reach the server. Check the network and try again.',
  },
  user: {
    label: 'Signed-in user',
    logout: 'Sign out',
    department: {
      governance: 'Governance',
      police: 'Police',
      housing: 'Housing',
      market: 'Market regulation',
      fire: 'Fire',
      utilities: 'Utilities',
      audit: 'Audit',
      urban_management: 'Urban management',
      education: 'Education',
      school: 'School',
      civil_affairs: 'Civil affairs',
      procuratorate: 'Procuratorate',
    },
  },
  workbench: {
    denied: 'Custom queries require the analyst or auditor role',
    deniedDetail: 'The workbench is open to analysts and auditors only; this account can use the situation map.',
  },
  forbidden: {
    OUT_OF_JURISDICTION: 'Outside your jurisdiction',
    DEPARTMENT_SCOPE: 'Not readable by your department',
    PURPOSE_REQUIRED: 'Purpose required',
    ROLE: 'Not allowed for your role',
    other: 'Not allowed',
    detail: '{{reason}}: {{message}}',
  },
  mask: {
    separator: ' or ',
    department: 'Masked: only {{departments}} can read the original',
    purpose: 'Masked: declare a purpose (e.g. a case number) to read the original',
  },
  purpose: {
    label: 'Purpose (e.g. case number)',
    submit: 'Declare purpose',
    clear: 'Clear purpose',
    declared:
      'Declared purpose: {{purpose}}. Address details requests of this session carry it and are recorded in the access log.',
    invalid: 'The purpose must be 2 to 100 characters.',
  },
};
