// The two engines one catalog schema runs on: SQLite for a single host (the embedded default),
// PostgreSQL when many managers on many hosts share the catalog.
export type Engine = 'sqlite' | 'postgres';
