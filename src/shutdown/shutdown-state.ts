import { Injectable } from '@nestjs/common';

/** Whether the process is shutting down: readiness goes down first, so traffic moves away before the listener closes. */
@Injectable()
export class ShutdownState {
  private isDraining = false;

  get draining(): boolean {
    return this.isDraining;
  }

  startDraining(): void {
    this.isDraining = true;
  }
}
