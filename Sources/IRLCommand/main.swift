print("irl")
