// The version of what media listings show (media, their sides, pools, library names), which the
// catalog's triggers move in the same commit as the rows they watch (migration 0007). As text: a
// change mark is compared, never counted.
export const MEDIA_MARK_SQL = "select cast(version as text) as mark from change_marks where topic = 'media'";
