# keras-version: 2
# The CuDNN layers of Keras 2 (tf_keras): their kernels hold cuDNN's raw matrices and their biases both
# halves. They cannot run on a CPU, so scripts/conversion/check.py runs the LSTM / GRU(reset_after=True)
# tf_keras itself converts them into (its own legacy weight loader) and compares that with PyTorch.
import tensorflow as tf
from tensorflow.compat.v1.keras.layers import CuDNNGRU, CuDNNLSTM

cudnn_lstm = tf.keras.Sequential([tf.keras.Input(shape=(6, 5)), CuDNNLSTM(4, return_sequences=True)], name="cudnn_lstm")
cudnn_lstm_last = tf.keras.Sequential([tf.keras.Input(shape=(6, 5)), CuDNNLSTM(4)], name="cudnn_lstm_last")
cudnn_gru = tf.keras.Sequential([tf.keras.Input(shape=(6, 5)), CuDNNGRU(4, return_sequences=True)], name="cudnn_gru")
bi_cudnn_lstm = tf.keras.Sequential(
    [tf.keras.Input(shape=(6, 5)), tf.keras.layers.Bidirectional(CuDNNLSTM(4, return_sequences=True), merge_mode="sum")], name="bi_cudnn_lstm"
)
bi_cudnn_gru = tf.keras.Sequential([tf.keras.Input(shape=(6, 5)), tf.keras.layers.Bidirectional(CuDNNGRU(3))], name="bi_cudnn_gru")
