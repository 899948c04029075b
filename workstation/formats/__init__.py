"""File formats of the lane's record: referrals in, control results out."""
