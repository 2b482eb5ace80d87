/** The model: nouns every other module speaks. Imports nothing above it. */
export * from './labels';
export * from './value';
export * from './matcher';
export * from './storage';
export * from './time';
export * from './metadata';
export * from './histogram';
export * from './histogram_ops';
export * from './histogram_kahan';
