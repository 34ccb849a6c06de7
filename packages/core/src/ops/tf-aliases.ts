/** TensorFlow's names for lab ops, so code from TF 2 courses reads the same. */
import { div, mul, sub } from './binary.js';
import { all, any, max, mean, min, prod, sum } from './reduce.js';

/** TensorFlow's `tf.multiply`: {@link mul}. */
export const multiply = mul;
/** TensorFlow's `tf.subtract`: {@link sub}. */
export const subtract = sub;
/** TensorFlow's `tf.divide`: {@link div}. */
export const divide = div;
/** TensorFlow's `tf.reduce_sum`: {@link sum}. */
export const reduceSum = sum;
/** TensorFlow's `tf.reduce_mean`: {@link mean}. */
export const reduceMean = mean;
/** TensorFlow's `tf.reduce_max`: {@link max}. */
export const reduceMax = max;
/** TensorFlow's `tf.reduce_min`: {@link min}. */
export const reduceMin = min;
/** TensorFlow's `tf.reduce_prod`: {@link prod}. */
export const reduceProd = prod;
/** TensorFlow's `tf.reduce_all`: {@link all}. */
export const reduceAll = all;
/** TensorFlow's `tf.reduce_any`: {@link any}. */
export const reduceAny = any;
