from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with the smallest cost, for tests only: same algorithm, same stored format."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1
