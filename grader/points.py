"""Points per property: the one table the grade is computed from.

Every public and hidden property id has exactly one entry (``tests/test_grading.py``
checks the table covers exactly the ids that exist; the grader refuses to run with
a property that has no points).  A property is all-or-nothing; its points count
towards each function it grades, split equally when it grades several.

Weights: a claim that compares with PyTorch (the core of an exercise) is worth 2,
a contract rule (inputs unchanged, no warnings, refusals) 1; hidden properties, the
same claims on harder inputs, 1 each.
"""

from __future__ import annotations

POINTS: dict[str, float] = {
    # activations, public
    "sigmoid_forward_matches_torch": 2,
    "sigmoid_forward_is_warning_free": 1,
    "sigmoid_forward_leaves_input_unchanged": 1,
    "sigmoid_backward_matches_autograd": 2,
    "sigmoid_backward_leaves_inputs_unchanged": 1,
    "relu_forward_matches_torch": 2,
    "relu_forward_leaves_input_unchanged": 1,
    "relu_backward_matches_autograd": 2,
    "relu_backward_leaves_inputs_unchanged": 1,
    # activations, hidden
    "hidden_sigmoid_forward_extreme_inputs": 1,
    "hidden_sigmoid_forward_no_warnings_extremes": 1,
    "hidden_sigmoid_backward_extremes": 1,
    "hidden_relu_forward_signed_zeros": 1,
    "hidden_relu_backward_exact_zeros": 1,
    "hidden_relu_forward_unchanged_with_negatives": 1,
    # batchnorm, public
    "batchnorm_forward_train_out_matches_torch": 2,
    "batchnorm_forward_train_running_mean_matches_torch": 2,
    "batchnorm_forward_train_running_var_matches_torch": 2,
    "batchnorm_forward_train_leaves_inputs_unchanged": 1,
    "batchnorm_forward_train_refuses_a_single_row": 1,
    "batchnorm_forward_eval_matches_torch": 2,
    "batchnorm_forward_eval_leaves_inputs_unchanged": 1,
    "batchnorm_backward_dx_matches_autograd": 2,
    "batchnorm_backward_dgamma_matches_autograd": 2,
    "batchnorm_backward_dbeta_matches_autograd": 2,
    "batchnorm_backward_leaves_inputs_unchanged": 1,
    # batchnorm, hidden
    "hidden_batchnorm_train_out_two_rows": 1,
    "hidden_batchnorm_train_out_flat_features": 1,
    "hidden_batchnorm_train_out_larger_batches": 1,
    "hidden_batchnorm_running_mean_extreme_momenta": 1,
    "hidden_batchnorm_running_var_two_rows": 1,
    "hidden_batchnorm_running_var_extreme_momenta": 1,
    "hidden_batchnorm_train_unchanged_momentum_one": 1,
    "hidden_batchnorm_refuses_single_row_wide": 1,
    "hidden_batchnorm_eval_single_samples_and_flat_batches": 1,
    "hidden_batchnorm_backward_dx_two_rows": 1,
    "hidden_batchnorm_backward_dx_flat_features": 1,
    "hidden_batchnorm_backward_dx_larger_batches": 1,
    "hidden_batchnorm_backward_dgamma_flat_and_two_rows": 1,
    "hidden_batchnorm_backward_dbeta_larger_batches": 1,
    "hidden_batchnorm_backward_unchanged_flat_features": 1,
    # dropout, public
    "dropout_forward_eval_scales_by_keep_probability": 1,
    "dropout_forward_train_keeps_unscaled_or_zeroes": 1,
    "dropout_forward_train_drop_fraction_matches_p": 2,
    "dropout_forward_p0_drops_nothing": 1,
    "dropout_forward_p1_drops_everything": 1,
    "dropout_forward_same_seed_same_mask": 1,
    "dropout_forward_different_seeds_different_masks": 1,
    "dropout_forward_rejects_p_outside_unit_interval": 1,
    "dropout_forward_leaves_input_unchanged": 1,
    "inverted_dropout_forward_eval_is_identity": 1,
    "inverted_dropout_forward_train_rescales_kept_elements": 1,
    "inverted_dropout_forward_train_drop_fraction_matches_p": 2,
    "inverted_dropout_forward_p0_drops_nothing": 1,
    "inverted_dropout_forward_p1_drops_everything": 1,
    "inverted_dropout_forward_same_seed_same_mask": 1,
    "inverted_dropout_forward_different_seeds_different_masks": 1,
    "inverted_dropout_forward_rejects_p_outside_unit_interval": 1,
    "inverted_dropout_forward_leaves_input_unchanged": 1,
    "dropout_backward_vanilla_train_matches_autograd": 2,
    "dropout_backward_vanilla_eval_matches_autograd": 2,
    "dropout_backward_inverted_train_matches_autograd": 2,
    "dropout_backward_inverted_eval_matches_autograd": 2,
    "dropout_backward_leaves_inputs_unchanged": 1,
    # dropout, hidden
    "hidden_dropout_forward_eval_extremes_and_endpoints": 1,
    "hidden_dropout_forward_train_p_far_from_half": 1,
    "hidden_dropout_forward_drop_fraction_far_from_half": 1,
    "hidden_dropout_forward_p0_extremes": 1,
    "hidden_dropout_forward_p1_extremes": 1,
    "hidden_dropout_forward_repeated_calls_same_seed": 1,
    "hidden_dropout_forward_neighbouring_seeds": 1,
    "hidden_dropout_forward_rejects_p_just_outside": 1,
    "hidden_dropout_forward_unchanged_both_modes": 1,
    "hidden_inverted_dropout_forward_eval_extremes_and_endpoints": 1,
    "hidden_inverted_dropout_forward_train_p_far_from_half": 1,
    "hidden_inverted_dropout_forward_drop_fraction_far_from_half": 1,
    "hidden_inverted_dropout_forward_p0_extremes": 1,
    "hidden_inverted_dropout_forward_p1_extremes": 1,
    "hidden_inverted_dropout_forward_repeated_calls_same_seed": 1,
    "hidden_inverted_dropout_forward_neighbouring_seeds": 1,
    "hidden_inverted_dropout_forward_rejects_p_just_outside": 1,
    "hidden_inverted_dropout_forward_unchanged_both_modes": 1,
    "hidden_dropout_backward_vanilla_train_p_far_from_half": 1,
    "hidden_dropout_backward_vanilla_eval_p_far_from_half": 1,
    "hidden_dropout_backward_inverted_train_p_far_from_half": 1,
    "hidden_dropout_backward_inverted_eval_p_far_from_half": 1,
    "hidden_dropout_backward_unchanged_both_kinds_and_modes": 1,
    # conv, public
    "conv_output_size_matches_torch": 2,
    "conv_output_size_returns_an_int": 1,
    "conv_output_size_refuses_like_torch": 1,
    "pool_output_size_matches_torch": 2,
    "pool_output_size_default_stride_is_kernel_size": 1,
    "pool_output_size_floors_without_ceil_mode": 1,
    "pool_output_size_ceil_mode_keeps_partial_window": 1,
    "pool_output_size_ceil_mode_drops_window_starting_in_padding": 1,
    "pool_output_size_returns_an_int": 1,
    "pool_output_size_refuses_like_torch": 1,
    # conv, hidden
    "hidden_conv_output_size_small_configurations": 1,
    "hidden_conv_output_size_refuses_small_invalid_configurations": 1,
    "hidden_conv_output_size_returns_int_for_real_sizes": 1,
    "hidden_pool_output_size_small_configurations": 1,
    "hidden_pool_output_size_last_window_rule_everywhere": 1,
    "hidden_pool_output_size_refuses_small_invalid_configurations": 1,
    "hidden_pool_output_size_default_stride_real_sizes": 1,
    # regularization, public
    "l1_penalty_matches_torch": 2,
    "l1_penalty_grad_matches_autograd": 2,
    "l2_penalty_matches_torch": 2,
    "l2_penalty_grad_matches_autograd": 2,
    "l2_penalty_grad_step_matches_sgd_weight_decay": 2,
    "l1_penalty_leaves_inputs_unchanged": 1,
    "l1_penalty_grad_leaves_inputs_unchanged": 1,
    "l2_penalty_leaves_inputs_unchanged": 1,
    "l2_penalty_grad_leaves_inputs_unchanged": 1,
    # regularization, hidden
    "hidden_l1_penalty_zeros_and_lam_zero": 1,
    "hidden_l1_penalty_grad_exact_zeros": 1,
    "hidden_l2_penalty_zeros_and_large": 1,
    "hidden_l2_penalty_grad_zeros_and_lam_zero": 1,
    "hidden_l2_sgd_step_more_steps": 1,
    "hidden_l1_penalty_grad_unchanged_with_zeros": 1,
    "hidden_l2_penalty_grad_unchanged_lam_one": 1,
    # added for mutation testing (docs/mutation.md)
    "batchnorm_forward_defaults_are_torchs": 1,
    "hidden_conv_output_size_refuses_empty_input": 1,
    "hidden_pool_output_size_refuses_empty_input_and_bad_kernel": 1,
}


def points_of(property_id: str) -> float:
    """The points a property is worth (KeyError for an id missing from the table)."""
    return POINTS[property_id]


def coverage(property_ids: list[str]) -> tuple[list[str], list[str]]:
    """(ids without points, table entries for ids that do not exist), both sorted."""
    ids = set(property_ids)
    return sorted(ids - POINTS.keys()), sorted(POINTS.keys() - ids)
