import type { DataSource } from 'typeorm';

/** Whether the database answers, for the health check. */
export interface DatabaseProbe {
  /** Resolves when the database answers a query; rejects otherwise. */
  reachable(): Promise<void>;
}

export class SqlDatabaseProbe implements DatabaseProbe {
  constructor(private readonly dataSource: DataSource) {}

  async reachable(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
