export * from './identity.ts';
export * from './calendar.ts';
export * from './files.ts';
export * from './request-number.ts';
export * from './filing.ts';
export * from './correction.ts';
export * from './email.ts';
export * from './text.ts';
