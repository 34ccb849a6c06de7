// The curriculum's code uses TensorFlow's names; @lab/core exports them too.
export * from '@lab/core';
