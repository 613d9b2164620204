"""Encore: process orchestration and settings shared by the tools and the action server."""
