// Runs in each test worker before the test file: point lib/db at the run's database.
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
// Use-case logs are noise in test output; warnings and errors still show.
process.env.LOG_LEVEL ??= 'warn';
