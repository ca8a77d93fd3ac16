export async function main(_args: string[]): Promise<void> {
  process.stdout.write('changer: the Removable Storage Manager is not part of this build yet; see README "Status".\n');
}
