"""Dock widgets. Each takes the session in its constructor, subscribes to its
events and draws what it holds; none computes model maths itself."""
