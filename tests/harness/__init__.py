"""What tests and benchmarks share to run the real parts on loopback: app servers,
headless Chromium, free ports, a PostgreSQL server, a loopback geocoder, nginx as the
shipped balancer, Streamlit's own protocol, and test files (a zip bomb). Tests and
benchmarks import from here, never from each other."""
