/** Importing this module installs the application builders into the reader (see hook.ts). */
import { installApplications } from './hook';
import { applicationBuilders } from './registry';

installApplications(applicationBuilders);
