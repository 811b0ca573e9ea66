/** API/UI shape of a spoke (snake_case, as the Flask original's clients expect). */
export interface SpokeSummary {
  id: string;
  spoke_id: number;
  client_name: string;
  status: string;
  address_prefix: string;
  location: string;
  vm_name: string;
  vm_size: string;
  owner: { id: string; email: string; name: string };
  created_at: string;
  updated_at: string;
}

export interface SpokeListPage {
  spokes: SpokeSummary[];
  next_cursor: string | null;
}
