import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../common/auth.decorators';
import { JourneysService } from './journeys.service';

/**
 * A step on a journey outside the caller's scope answers 404 before its body is read, exactly as a
 * nonexistent id does: a body check (400) first would tell the caller the journey exists, and leave
 * their refused attempt in that journey's history. Runs after authentication and the role check.
 */
@Injectable()
export class JourneyScopeGuard implements CanActivate {
  constructor(private readonly journeys: JourneysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { method: string; params?: Record<string, string> }>();
    const id = request.params?.id;
    if (request.method !== 'POST' || !request.principal || typeof id !== 'string') return true;
    await this.journeys.findVisible(request.principal, id);
    return true;
  }
}
