/** Every keras.applications function the engine builds, by name. */
import type { ILocation } from '../types';
import type { KerasSession, Model } from '../keras/objects';
import type { ICallArgs } from '../keras/construct';
import { bindApplication, type IApplicationSpec } from './common';
import { AlreadyReported, GraphBuilder } from './graph';
import type { IApplicationBuilders } from './hook';
import { resnetApplications } from './resnet';
import { mobilenetApplications } from './mobilenet';
import { vggApplications } from './vgg';
import { efficientnetApplications } from './efficientnet';
import { inceptionApplications } from './inception';
import { densenetApplications } from './densenet';
import { mobilenetV3Applications } from './mobilenet-v3';
import { convnextApplications } from './convnext';
import { efficientnetV2Applications } from './efficientnet-v2';
import { inceptionResNetApplications } from './inception-resnet';
import { nasnetApplications } from './nasnet';

const ALL: IApplicationSpec[] = [
  ...mobilenetApplications,
  ...resnetApplications,
  ...vggApplications,
  ...efficientnetApplications,
  ...inceptionApplications,
  ...densenetApplications,
  ...mobilenetV3Applications,
  ...convnextApplications,
  ...efficientnetV2Applications,
  ...inceptionResNetApplications,
  ...nasnetApplications
];

const byName = new Map(ALL.map(a => [a.name, a]));

export const applicationBuilders: IApplicationBuilders = {
  names: ALL.map(a => a.name),
  build(session: KerasSession, name: string, args: ICallArgs, location: ILocation | null): Model | 'unknown' | 'failed' {
    const spec = byName.get(name);
    if (!spec) return 'unknown';
    const bound = bindApplication(spec, args, location);
    try {
      return spec.build(new GraphBuilder(session, location), bound);
    } catch (e) {
      if (e instanceof AlreadyReported) return 'failed';
      throw e;
    }
  }
};
