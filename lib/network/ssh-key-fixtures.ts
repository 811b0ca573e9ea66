/** Keys made with ssh-keygen; fingerprints are what `ssh-keygen -lf` printed for them. */
export const SSH_KEY_FIXTURES = {
  rsa2048: {
    line: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCnWnCyd6fNsv8ywSX+MnpePOu60QIUEeh6oSnPXVlQa4chU4Z29tHiBCIo41EK+COpukkVLGPTaatFeEUvj8rN44fmQCqXPT+S+vzyzyz+5hD7fvHkfJ0JnMnbSr/bhjebJRGVe47l78NZA8/G/Yp47HhQIJPdxeEKbjpiW0sUHdtuGB50b/bKaiqHjHQbkZPqpzC3KCKGUovhRDbgi3XDY0y6Y7jHVthVlrL8dtUA8JuoUCx8T0nuMm0MBRzO/InKYuNKE4ADT17B/eniMQu/SIf8yKPspS1WGQDz/vJSO6OLhCrVgOh4sEWwFJFndb9nDc8KSkYihE2V92AcybUt alice@laptop",
    bits: 2048,
    fingerprint: "SHA256:hTZsu/TwP5EbPitg1ODQBB5zjvJyp9pXoNCAkE78YtY",
  },
  rsa1024: {
    line: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDOm2/+Jgmb8lNudy5bhkkjzB4KR3musiEhLNf5ma79fGl1AKUeM1cvIkz6w+i30L1PFFLwQ2poOrXxtH9ELKlbvSb8st2OlRiKvMFRrriL9Ra+LYKn6IhuMN0KueyvI2CQ3wWpDe1wL9AIIYmBTjgVdhE1PD5rj1wJuKm5uew2xQ== old",
    bits: 1024,
    fingerprint: "SHA256:vvnr3UVhCzS8DZoZ0fQvDhc/cmuXuSIhpYUySCqEtDo",
  },
  ed25519: {
    line: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBmwjWfYfqBEu+NEOYymfTk2k2BlCEODn40jf5amnBnZ bob@example.com",
    bits: 256,
    fingerprint: "SHA256:As+rGmclWsuMS2Pzsr3YAT7pcKGzD5pzWmsc0PU4ibE",
  },
  ecdsa256: {
    line: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOaYLOS1tZfNabOq2boiQpQa1xgp/0Y7js1rlkxVmzVe/D8CdcQQfqcscxbb5sbdAeju59bNAgamlUta/xD/f24= ec256",
    bits: 256,
    fingerprint: "SHA256:wQMqNl/N1HTLZiMGdr0uw7mRhID9cNiYj/P3Kb0+fDE",
  },
  ecdsa384: {
    line: "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBNiyyrRjz9b4A9Df0HCih6tWiO5GFlNTJAQZ4MbBxZfSej0e29CwjUG1JjE/Sr+qjC5/zJEmRWA95Fkv5oqj5ctgCH9fVntliNFH98JFsB5Dv+Vsh71QwfLDzPOIudQRiA== ec384",
    bits: 384,
    fingerprint: "SHA256:eec/fHL2pyE1bZc5pRM0Yg5/jnVtDIepw4UfxcnTdnI",
  },
  ecdsa521: {
    line: "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBACOoIoNk+gac6PYAs1Myj0TpPDUWNlxReQY6582OOpv+XG0sOCoPZJGe3ELFaahXDHrtI9ikUj5AY3aB6B9R0ciYADd7Tvu/Uqwk9MQw9BON9GCtwAyuOAcDtbm4RTVpjxKraIuyZ25n5Kp6uVXvtg2pzDQpos4gphlMhfDuUEPxyZNFA== ec521",
    bits: 521,
    fingerprint: "SHA256:uWWCN+uAep426IVR2/w0TsTl0rgYzpqaV3I1jGP+T2I",
  },
} as const;
