/**
 * Entra's provisioning-log error codes (ERROR-CODES.md): the table, the exchange classifier, the
 * engine's own codes and the .NET texts they are printed with.
 */
export * from './classify-exchange';
export * from './dotnet-format';
export * from './engine-errors';
export * from './error-table';
export * from './reason-text';
