// The altcha package ships its Latin-American Spanish catalog without a declaration: importing it
// only registers the strings in `globalThis.$altcha.i18n`.
declare module 'altcha/i18n/es-419';
