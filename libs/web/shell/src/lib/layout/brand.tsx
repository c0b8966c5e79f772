import { Anchor } from '@mantine/core';
import { Link } from 'react-router';

export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Anchor component={Link} to={to} fw={700} fz="lg" c="inherit" underline="never" aria-label="Caster home">
      Caster
    </Anchor>
  );
}
