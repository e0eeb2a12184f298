// An owner as a line of text (terminal, print footer, evidence README): its name then its id, so a
// reader sees who and can still type the id; the id alone when it has no name.
export function ownerLabel(ownerId: string, ownerName: string | null | undefined): string {
  return ownerName && ownerName !== ownerId ? `${ownerName} (${ownerId})` : ownerId;
}
