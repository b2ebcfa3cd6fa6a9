/** VGG16 and VGG19: keras.src.applications.vgg16 and vgg19. */
import type { KTensor } from '../keras/objects';
import {
  autoPooling,
  checkWeights,
  imageInput,
  modelInputs,
  obtainInputShape,
  standardParams,
  validateActivation,
  type IApplicationSpec
} from './common';

function vgg(name: string, convs: number[]): IApplicationSpec {
  return {
    name,
    params: standardParams(name.toLowerCase()),
    build(b, args) {
      checkWeights(args);
      const shape = obtainInputShape(args, 224, 32, args.bool('include_top'));
      const img = imageInput(b, args, shape);
      let x: KTensor = img;
      const filters = [64, 128, 256, 512, 512];
      convs.forEach((n, block) => {
        for (let i = 1; i <= n; i++) {
          x = b.apply(
            'Conv2D',
            { filters: filters[block], kernel_size: [3, 3], activation: 'relu', padding: 'same', name: `block${block + 1}_conv${i}` },
            x
          );
        }
        x = b.apply('MaxPooling2D', { pool_size: [2, 2], strides: [2, 2], name: `block${block + 1}_pool` }, x);
      });
      if (args.bool('include_top')) {
        x = b.apply('Flatten', { name: 'flatten' }, x);
        x = b.apply('Dense', { units: 4096, activation: 'relu', name: 'fc1' }, x);
        x = b.apply('Dense', { units: 4096, activation: 'relu', name: 'fc2' }, x);
        validateActivation(args);
        x = b.apply('Dense', { units: args.int('classes'), activation: args.activation(), name: 'predictions' }, x);
      } else x = autoPooling(b, args, x);
      return b.model(modelInputs(args, img), [x], args.str('name'));
    }
  };
}

export const vggApplications: IApplicationSpec[] = [vgg('VGG16', [2, 2, 3, 3, 3]), vgg('VGG19', [2, 2, 4, 4, 4])];
