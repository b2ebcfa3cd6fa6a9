# Every recurrent layout of the weight conversion (issue 13), small enough to run in seconds.
# scripts/conversion/check.py runs each layer under real Keras 3 with random weights and compares it
# with PyTorch (nn.LSTM / nn.GRU / nn.RNN) and onnxruntime (LSTM / GRU / RNN) fed the converted weights.
import keras
from keras import layers

STEPS, FEATURES = 6, 5


def chain(name, *stack, input_shape=(STEPS, FEATURES)):
    return keras.Sequential([keras.Input(shape=input_shape), *stack], name=name)


lstm = chain("lstm", layers.LSTM(4, return_sequences=True))
lstm_last = chain("lstm_last", layers.LSTM(4))
lstm_no_bias = chain("lstm_no_bias", layers.LSTM(4, use_bias=False, return_sequences=True))
lstm_relu = chain("lstm_relu", layers.LSTM(4, activation="relu", return_sequences=True))
gru = chain("gru", layers.GRU(4, return_sequences=True))
gru_last = chain("gru_last", layers.GRU(4))
gru_reset_before = chain("gru_reset_before", layers.GRU(4, reset_after=False, return_sequences=True))
gru_reset_before_no_bias = chain("gru_reset_before_no_bias", layers.GRU(3, reset_after=False, use_bias=False))
simple_rnn = chain("simple_rnn", layers.SimpleRNN(4, return_sequences=True))
simple_rnn_relu = chain("simple_rnn_relu", layers.SimpleRNN(4, activation="relu"))
bi_lstm_concat = chain("bi_lstm_concat", layers.Bidirectional(layers.LSTM(4, return_sequences=True)))
bi_lstm_sum = chain("bi_lstm_sum", layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode="sum"))
bi_lstm_mul = chain("bi_lstm_mul", layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode="mul"))
bi_lstm_ave = chain("bi_lstm_ave", layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode="ave"))
bi_lstm_none = chain("bi_lstm_none", layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode=None))
bi_lstm_last = chain("bi_lstm_last", layers.Bidirectional(layers.LSTM(4)))
bi_lstm_last_sum = chain("bi_lstm_last_sum", layers.Bidirectional(layers.LSTM(4), merge_mode="sum"))
bi_gru = chain("bi_gru", layers.Bidirectional(layers.GRU(4, return_sequences=True)))
bi_gru_last_mul = chain("bi_gru_last_mul", layers.Bidirectional(layers.GRU(4), merge_mode="mul"))
bi_gru_reset_before = chain("bi_gru_reset_before", layers.Bidirectional(layers.GRU(4, reset_after=False, return_sequences=True)))
bi_simple_rnn_ave = chain("bi_simple_rnn_ave", layers.Bidirectional(layers.SimpleRNN(4, return_sequences=True), merge_mode="ave"))
bi_simple_rnn_none = chain("bi_simple_rnn_none", layers.Bidirectional(layers.SimpleRNN(4), merge_mode=None))
td_lstm = chain("td_lstm", layers.TimeDistributed(layers.LSTM(4)), input_shape=(3, STEPS, FEATURES))
td_gru = chain("td_gru", layers.TimeDistributed(layers.GRU(4, return_sequences=True)), input_shape=(3, STEPS, FEATURES))
td_simple_rnn = chain("td_simple_rnn", layers.TimeDistributed(layers.SimpleRNN(4)), input_shape=(3, STEPS, FEATURES))
stacked_lstm = chain("stacked_lstm", layers.LSTM(4, return_sequences=True), layers.LSTM(4, return_sequences=True), layers.LSTM(4, return_sequences=True))
stacked_bi_gru = chain(
    "stacked_bi_gru",
    layers.Bidirectional(layers.GRU(3, return_sequences=True)),
    layers.Bidirectional(layers.GRU(3, return_sequences=True)),
)
stacked_mixed = chain("stacked_mixed", layers.GRU(6, return_sequences=True), layers.Bidirectional(layers.LSTM(3), merge_mode="sum"))
seed = chain("seed", layers.Bidirectional(layers.LSTM(300, return_sequences=True)), input_shape=(4, 300))
conv_lstm = chain("conv_lstm", layers.ConvLSTM2D(2, 3), input_shape=(STEPS, 8, 8, 1))
