/** The keras.applications builders, as a lazily loaded chunk (see applications.ts). */
import { installApplications } from '../core/applications/hook';
import { applicationBuilders } from '../core/applications/registry';

export function install(): void {
  installApplications(applicationBuilders);
}
